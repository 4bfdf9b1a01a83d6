s = "a,b,,c"
return (s.split(","), s.split(",", 1), s.rsplit(",", 1), " a  b c ".split(), "a b c".split(" "), "-".join(["x", "y", "z"]), "".join([]), ", ".join(str(i) for i in range(3)), "line1\nline2\r\nline3".splitlines())
