return "ab".center(10 ** 9)
