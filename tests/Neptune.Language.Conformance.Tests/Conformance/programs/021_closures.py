def make_counter(start):
    def step(n):
        return start + n
    return step
add5 = make_counter(5)
add7 = make_counter(7)
fs = [lambda v, k=k: v * k for k in range(3)]
return (add5(1), add7(1), [f(10) for f in fs])
