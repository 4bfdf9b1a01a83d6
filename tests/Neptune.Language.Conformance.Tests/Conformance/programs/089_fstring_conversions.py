s = "it's"
return [f"{s!r}", f"{s!s}", f"{[s]}", f"{s!r:>10}", f"{3.0!r}", f"{'q'!r}"]
