a = 5
b = 0
return a / b
