// Boost.URL's implementation, compiled once: it is header-only here (BOOST_URL_NO_LIB), and
// exactly one translation unit of the program may include src.hpp.
#include <boost/url/src.hpp>
