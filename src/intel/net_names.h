// E-mail addresses and URLs.
//
// E-mail: a local part of letters, digits and . _ % + - and a domain of
// dot-separated labels; normalised to lower case. Valid when the local part
// has at most 64 characters and does not start or end with a dot, and the
// domain has at least two labels of letters, digits and hyphens (none
// starting or ending with a hyphen) ending in a top-level domain of letters.
//
// URL: "http://", "https://" or "www." and what follows up to white space or
// < > " ' ` { } | \ ^, without trailing punctuation (. , ; : ! ? and a
// closing bracket that opens nowhere in the URL). Normalised for linking:
// scheme, "www." and the fragment dropped, host in lower case, a trailing
// "/" removed: "https://www.Example.com/a/?q=1#x" -> "example.com/a/?q=1".
// Valid when the host is a domain name as above or an IPv4 address.
#pragma once

#include <string_view>

#include "intel/identifier.h"

namespace portsafe::intel {

// Called with `at` the position of an '@'.
bool MatchEmail(std::string_view t, size_t at, Identifier* m);
// Called at a word start whose word is "http", "https" or "www".
bool MatchUrl(std::string_view t, size_t pos, Identifier* m);

// The part after '@' of an e-mail value; the host of a URL value.
std::string_view EmailDomain(std::string_view value);
std::string_view UrlHost(std::string_view value);

}  // namespace portsafe::intel
