try:
    while True:
        pass
except:
    pass
return "escaped"
