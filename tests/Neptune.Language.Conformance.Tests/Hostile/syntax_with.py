with open("x") as f:
    pass
return 1
