return "".join.__self__
