return (True + True, True * 10, False - 1, True / 2, sum([True, False, True]), -True, True == 1.0)
