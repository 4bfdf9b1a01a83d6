# "How many rubber cubes are left of the large sphere?"
# Run on a CLEVR scene: ./neptune program run examples/programs/count.py --scenes ../shared/data/clevr/CLEVR_val_scenes_500.json --image-index 0 --trace
large = score("Is the object in the red box large?")
sphere = score("Is the object in the red box a sphere?")
rubber = score("Is the object in the red box rubber?")
cube = score("Is the object in the red box a cube?")
left_of = score("Is the object in the red box left of the object in the green box?", 2)
the_sphere = (large & sphere).iota()
if not the_sphere:
    return "no target"
return (rubber & cube & left_of.given("y", the_sphere)).count()
