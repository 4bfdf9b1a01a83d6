return f"{__import__('os')}"
