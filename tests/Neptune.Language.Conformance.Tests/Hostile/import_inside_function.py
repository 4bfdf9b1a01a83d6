def f():
    import subprocess
    return subprocess
return f()
