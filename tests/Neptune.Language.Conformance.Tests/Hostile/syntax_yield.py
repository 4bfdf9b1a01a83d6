def gen():
    yield 1
return list(gen())
