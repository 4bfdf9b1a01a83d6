import math
return (math.isnan(math.nan), math.isinf(-math.inf), math.isfinite(1.0), math.isclose(0.1 + 0.2, 0.3), math.isclose(1, 1.1), math.copysign(3, -0.0), math.prod([1, 2, 3, 4]), math.fsum([0.1] * 10), sum([0.1] * 10), math.pow(2, 3))
