import math
return (math.sqrt(16), math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7), math.fabs(-3), math.factorial(10), math.gcd(12, 18), math.log(math.e), math.log2(1024), math.log10(1000), math.log(8, 2), math.exp(0), math.hypot(3, 4))
