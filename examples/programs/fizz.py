# Plain Python, no scene needed: ./neptune program run examples/programs/fizz.py
def fizz(n):
    if n % 15 == 0:
        return "FizzBuzz"
    if n % 3 == 0:
        return "Fizz"
    if n % 5 == 0:
        return "Buzz"
    return n

return [fizz(i) for i in range(1, 16)]
