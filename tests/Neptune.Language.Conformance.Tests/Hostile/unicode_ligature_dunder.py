return __ﬁle__
