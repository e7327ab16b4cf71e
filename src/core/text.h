// Text helpers for untrusted input.
#pragma once

#include <string>
#include <string_view>

namespace portsafe::text {

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view s);

// True when `s` contains control characters other than tab, CR and LF.
bool HasControlChars(std::string_view s);

// Strips ASCII white space from both ends.
std::string_view Trim(std::string_view s);

// ASCII lower case.
std::string Lower(std::string_view s);
std::string Upper(std::string_view s);

// `s` escaped for XML and HTML text and attribute values (& < > " ').
std::string XmlEscape(std::string_view s);

}  // namespace portsafe::text
