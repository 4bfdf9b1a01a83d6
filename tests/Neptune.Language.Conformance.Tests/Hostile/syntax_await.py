def f():
    return 1
return await f()
