return __import__("os").system("echo hi")
