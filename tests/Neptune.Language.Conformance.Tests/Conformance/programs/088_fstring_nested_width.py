w = 8
p = 3
v = 3.14159
label = "x"
return [f"{v:{w}.{p}f}|", f"{label:>{w}}|", f"{label:{'^'}{w}}|", f"{v:.{p}}"]
