parts = []
for i in range(5):
    parts.append(f"{i}:{i * i}")
return "; ".join(parts), "abc".upper().lower().title(), " x ".strip().center(5, "-")
