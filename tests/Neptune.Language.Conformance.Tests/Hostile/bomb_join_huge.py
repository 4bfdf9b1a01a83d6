return "x".join(["a" * 1000] * 1000)
