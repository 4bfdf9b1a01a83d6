a = 7
b = 3
return (a + b, a - b, a * b, -a, +b, a * -b)
