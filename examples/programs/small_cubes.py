# "the small cubes" in VIRO's operator shape: FIND acts then verifies, PROPERTY keeps the small ones,
# and an image without any ends the run with no target (the operator that abstained is recorded).
CUBES = FIND(object_name='cube')
SMALL = PROPERTY(object=CUBES, value='small')
FINAL_RESULT = RESULT(object=SMALL)
