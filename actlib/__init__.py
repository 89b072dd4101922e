"""actlib: the small, tested library behind the activation-functions curriculum."""
from .activations import (
    ACTIVATIONS,
    SELU_ALPHA,
    SELU_SCALE,
    Activation,
    elu,
    elu_grad,
    gelu,
    gelu_grad,
    get,
    identity,
    identity_grad,
    leaky_relu,
    leaky_relu_grad,
    mish,
    mish_grad,
    relu,
    relu_grad,
    selu,
    selu_grad,
    sigmoid,
    sigmoid_grad,
    silu,
    silu_grad,
    softplus,
    softplus_grad,
    swish,
    swish_grad,
    tanh,
    tanh_grad,
)
from .gradcheck import numerical_derivative, numerical_gradient, relative_error
from .notebook import setup_notebook
from .softmax import cross_entropy, log_softmax, logsumexp, maxout, softmax, softmax_jacobian
from . import datasets, diagnostics, nn  # modules: actlib.nn.MLP, actlib.datasets.xor, ...

__version__ = "0.1.0"
