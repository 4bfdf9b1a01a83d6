import math
return (math.pi, math.e, math.tau, math.inf, round(math.sin(math.pi / 2), 10), math.cos(0), round(math.tan(math.pi / 4), 10), math.degrees(math.pi), math.radians(180), round(math.atan2(1, 1), 10), math.asin(1), math.acos(1), math.atan(0))
