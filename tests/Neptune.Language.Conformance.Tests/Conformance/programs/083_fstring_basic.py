name = "Ada"
n = 3
x = 2.5
return [f"hi {name}", f"{n} + {n} = {n + n}", f"{x}", f"{[1, 2]}", f"{name!r}", f"{{literal}}", f"{n}{n}", f"{None} {True}"]
