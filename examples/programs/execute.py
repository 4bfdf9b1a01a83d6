# The module shape: top-level definitions, then execute() gives the result.
import math

def hypot_all(points):
    return [round(math.hypot(x, y), 3) for x, y in points]

def execute():
    return hypot_all([(3, 4), (1, 1), (0, 2.5)])
