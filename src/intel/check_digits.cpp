#include "intel/check_digits.h"

#include <algorithm>

#include "intel/scan.h"

namespace portsafe::intel {
namespace {

// ISO 6346 letter values: 10 upwards, skipping 11, 22 and 33.
int LetterValue(char c) {
  int v = 10 + (c - 'A');
  if (v >= 11) ++v;
  if (v >= 22) ++v;
  if (v >= 33) ++v;
  return v;
}

bool ContainerShape(std::string_view s) {
  if (s.size() != 11) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (!scan::IsUpper(s[i])) return false;
  }
  if (s[3] != 'U' && s[3] != 'J' && s[3] != 'Z') return false;
  for (size_t i = 4; i < 11; ++i) {
    if (!scan::IsDigit(s[i])) return false;
  }
  return true;
}

}  // namespace

char ContainerCheckDigit(std::string_view s) {
  if (s.size() < 10) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 10; ++i) {
    char c = s[i];
    int v;
    if (i < 4) {
      if (!scan::IsUpper(c)) return '\0';
      v = LetterValue(c);
    } else {
      if (!scan::IsDigit(c)) return '\0';
      v = c - '0';
    }
    sum += v << i;
  }
  return static_cast<char>('0' + sum % 11 % 10);
}

char ImoCheckDigit(std::string_view s) {
  if (s.size() < 6) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 6; ++i) {
    if (!scan::IsDigit(s[i])) return '\0';
    sum += (s[i] - '0') * static_cast<int>(7 - i);
  }
  return static_cast<char>('0' + sum % 10);
}

std::vector<std::string> ContainerNeighbours(std::string_view code) {
  std::vector<std::string> out;
  if (code.size() != 11) return out;
  std::string c(code);
  auto consider = [&](const std::string& cand) {
    if (cand != code && ContainerShape(cand) && ContainerCheckDigit(cand) == cand[10]) {
      out.push_back(cand);
    }
  };
  for (size_t i = 0; i < 11; ++i) {
    const char keep = c[i];
    if (i < 3) {
      for (char x = 'A'; x <= 'Z'; ++x) {
        c[i] = x;
        consider(c);
      }
    } else if (i == 3) {
      for (char x : {'U', 'J', 'Z'}) {
        c[i] = x;
        consider(c);
      }
    } else {
      for (char x = '0'; x <= '9'; ++x) {
        c[i] = x;
        consider(c);
      }
    }
    c[i] = keep;
  }
  for (size_t i = 0; i + 1 < 11; ++i) {
    std::swap(c[i], c[i + 1]);
    consider(c);
    std::swap(c[i], c[i + 1]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace portsafe::intel
