return globals()
