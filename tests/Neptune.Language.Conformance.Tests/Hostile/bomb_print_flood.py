while True:
    print("x" * 1000)
return 1
