x = 1
return f"{x.__class__}"
