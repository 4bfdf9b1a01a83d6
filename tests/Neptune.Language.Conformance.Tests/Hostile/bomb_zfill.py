return "7".zfill(10 ** 9)
