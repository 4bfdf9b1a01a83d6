return int("12a")
