return 5 % 0
