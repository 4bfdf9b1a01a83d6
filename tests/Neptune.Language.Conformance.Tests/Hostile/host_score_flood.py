while True:
    score("Is the object in the red box a cube?")
return 1
