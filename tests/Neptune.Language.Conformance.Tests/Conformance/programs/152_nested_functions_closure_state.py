def make_acc():
    state = {"n": 0}
    def add(k):
        state["n"] += k
        return state["n"]
    return add
acc = make_acc()
other = make_acc()
vals = [acc(1), acc(2), other(10), acc(3)]
compose = lambda f, g: lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
return vals, inc_then_double(5)
