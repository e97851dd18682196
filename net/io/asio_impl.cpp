// Asio is compiled once, here (BOOST_ASIO_SEPARATE_COMPILATION is defined for every target), which
// keeps each coroutine-heavy translation unit from instantiating the whole I/O machinery again.
#include <boost/asio/impl/src.hpp>
