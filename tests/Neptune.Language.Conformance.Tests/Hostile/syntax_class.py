class A:
    pass
return A
