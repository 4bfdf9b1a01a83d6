x = 1
return f"{x:{x.__class__}}"
