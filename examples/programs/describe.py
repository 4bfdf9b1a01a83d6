# Imperative reasoning over every object: "Describe each metal thing."
# ./neptune program run examples/programs/describe.py --scenes ../shared/data/clevr/CLEVR_val_scenes_500.json --image-index 3
metal = score("Is the object in the red box metal?")
names = []
for o in objects():
    if metal.prob(o) >= 0.5:
        color = query("What color is the object in the red box?", o)
        shape = query("What shape is the object in the red box?", o)
        names.append(f"{color} {shape}")
return sorted(names) if names else "nothing metal"
