while True:
    query("What color is the object in the red box?", 0)
return 1
