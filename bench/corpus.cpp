#include "corpus.h"

#include <array>
#include <cctype>

#include "intel/check_digits.h"

namespace portsafe::bench {
namespace {

constexpr std::array<const char*, 24> kOwners = {
    "MSC", "MAE", "CMA", "HLX", "OOL", "EGH", "TGH", "CSQ", "TCN", "SEG", "FCI", "BMO",
    "TEM", "GES", "CAI", "TRL", "MRK", "HAS", "ONE", "YML", "ZIM", "APZ", "BEA", "DFS"};
constexpr std::array<const char*, 12> kUnlocodes = {"GBFXT", "GBSOU", "GBLGP", "GBTIL",
                                                    "GBIMM", "GBLIV", "GBDVR", "GBHRW",
                                                    "GBPME", "GBBEL", "GBGRG", "GBTEE"};
constexpr std::array<const char*, 16> kAreas = {"IP", "SO", "SS", "RM", "DN", "L",  "CT", "CO",
                                                "PO", "BT", "HU", "TS", "PL", "AB", "E",  "M"};
constexpr const char* kRegionLetters = "ABCDEFGHKLMNOPRSVWY";
constexpr const char* kPlateLetters = "ABCDEFGHJKLMNOPRSTUVWXYZ";
constexpr const char* kInwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

constexpr std::array<const char*, 24> kOpenings = {"Last week",        "On the night shift",
                                                   "Around midnight",  "Early on Sunday",
                                                   "Twice this month", "Yesterday",
                                                   "During the storm", "Before the ferry left",
                                                   "On my break",      "After the gates shut",
                                                   "At the weekend",   "On Tuesday evening",
                                                   "Most nights",      "Every few days",
                                                   "Three times now",  "Late on Friday",
                                                   "In the morning",   "While unloading",
                                                   "At shift change",  "When the crane stopped",
                                                   "Just after dark",  "Before dawn",
                                                   "On the last tide", "At about two"};
constexpr std::array<const char*, 20> kPeople = {"two men",
                                                 "a driver",
                                                 "a man in a hi-vis jacket",
                                                 "the same lorry driver",
                                                 "someone from the agency",
                                                 "a woman",
                                                 "three lads",
                                                 "a foreman",
                                                 "a crew member",
                                                 "the checker",
                                                 "a contractor",
                                                 "two people in a car",
                                                 "a security guard",
                                                 "the tally clerk",
                                                 "an older man",
                                                 "somebody I did not know",
                                                 "a van driver",
                                                 "the night supervisor",
                                                 "a young man",
                                                 "a lasher"};
constexpr std::array<const char*, 20> kDoings = {"moved boxes out of",
                                                 "opened the seal on",
                                                 "was waiting next to",
                                                 "took photos of",
                                                 "swapped the seal on",
                                                 "unloaded bags from",
                                                 "kept walking around",
                                                 "asked questions about",
                                                 "paid cash to someone near",
                                                 "drove off quickly after visiting",
                                                 "broke into",
                                                 "parked up beside",
                                                 "was looking for",
                                                 "loaded heavy sacks into",
                                                 "argued with the driver of",
                                                 "cut the fence behind",
                                                 "left a package near",
                                                 "was filming",
                                                 "changed the paperwork for",
                                                 "stayed for an hour by"};
constexpr std::array<const char*, 16> kPlaces = {"by gate 3",
                                                 "near the reefer stacks",
                                                 "at berth 7",
                                                 "behind the canteen",
                                                 "on the north quay",
                                                 "in the empty yard",
                                                 "at the weighbridge",
                                                 "near the scanner",
                                                 "by the fuel depot",
                                                 "on the ro-ro ramp",
                                                 "outside the gatehouse",
                                                 "in the lorry park",
                                                 "by the old warehouse",
                                                 "at the far end of the terminal",
                                                 "near the crane",
                                                 "on the slipway"};
constexpr std::array<const char*, 12> kEndings = {
    "It did not look right.",          "Nobody else seemed to notice.",
    "This has happened before.",       "I think money changed hands.",
    "They left before security came.", "It happens when the cameras are down.",
    "I am worried about saying more.", "The paperwork did not match.",
    "They were in a hurry.",           "I have seen them before.",
    "It was all very quick.",          "I do not know their names."};

std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

char Digit(std::uint64_t v) { return static_cast<char>('0' + v % 10); }

}  // namespace

ReportGenerator::ReportGenerator(std::uint64_t seed, size_t reports)
    : rng_(seed), reports_(reports < 1000 ? 1000 : reports) {}

size_t ReportGenerator::Pick(size_t pool) {
  // One in five mentions comes from a small hot set that recurs.
  std::uniform_int_distribution<size_t> hot(0, pool / 200 + 1);
  std::uniform_int_distribution<size_t> any(0, pool - 1);
  return rng_() % 5 == 0 ? hot(rng_) : any(rng_);
}

std::string ReportGenerator::Container(bool typo) {
  std::uint64_t h = Mix(0xC0 + Pick(reports_ * 2));
  std::string code = kOwners[h % kOwners.size()];
  code.push_back((h >> 8) % 20 == 0 ? 'J' : 'U');
  std::uint64_t serial = (h >> 16) % 1000000;
  for (std::uint64_t div = 100000; div > 0; div /= 10) code.push_back(Digit(serial / div));
  code.push_back(intel::ContainerCheckDigit(code));
  if (typo) code[10] = static_cast<char>('0' + (code[10] - '0' + 1 + rng_() % 8) % 10);
  switch (rng_() % 6) {
    case 0:
      return code.substr(0, 4) + " " + code.substr(4, 6) + " " + code.substr(10);
    case 1:
      return code.substr(0, 4) + " " + code.substr(4);
    case 2:
      return code.substr(0, 4) + "-" + code.substr(4, 6) + "-" + code.substr(10);
    case 3: {
      for (char& c : code) c = static_cast<char>(std::tolower(c));
      return code;
    }
    default:
      return code;
  }
}

std::string ReportGenerator::Identifier() {
  const unsigned r = rng_() % 100;
  if (r < 28) return Container(rng_() % 50 == 0);
  if (r < 36) {
    std::uint64_t h = Mix(0x1A0 + Pick(reports_ / 4));
    std::string n;
    n.push_back(static_cast<char>('1' + h % 9));
    for (int i = 0; i < 5; ++i) n.push_back(Digit(h >> (8 + 4 * i)));
    n.push_back(intel::ImoCheckDigit(n));
    return (rng_() % 3 == 0 ? "IMO no. " : "IMO ") + n;
  }
  if (r < 40) {
    std::uint64_t h = Mix(0x3351 + Pick(reports_ / 4));
    static constexpr const char* kMids[] = {"232", "233", "235", "244", "211", "636",
                                            "538", "351", "477", "563", "257", "219"};
    std::string n = kMids[h % 12];
    for (int i = 0; i < 6; ++i) n.push_back(Digit(h >> (8 + 4 * i)));
    return "MMSI " + n;
  }
  if (r < 58) {
    std::uint64_t h = Mix(0x7E11 + Pick(reports_));
    std::string v;
    v.push_back(kRegionLetters[h % 19]);
    v.push_back(kPlateLetters[(h >> 8) % 21]);
    int age = static_cast<int>((h >> 16) % 45);
    age = age < 24 ? age + 2 : age - 24 + 51;
    v.push_back(static_cast<char>('0' + age / 10));
    v.push_back(static_cast<char>('0' + age % 10));
    for (int i = 0; i < 3; ++i) v.push_back(kPlateLetters[(h >> (24 + 5 * i)) % 24]);
    if (rng_() % 4 == 0) {
      for (char& c : v) c = static_cast<char>(std::tolower(c));
    }
    return rng_() % 3 == 0 ? v : v.substr(0, 4) + " " + v.substr(4);
  }
  if (r < 62) {
    std::uint64_t h = Mix(0x72A1 + Pick(reports_ / 4));
    std::string v(1, kPlateLetters[h % 24]);
    for (int i = 0; i < 7; ++i) v.push_back(Digit(h >> (8 + 4 * i)));
    return v.substr(0, 4) + " " + v.substr(4);
  }
  if (r < 65) {
    std::uint64_t h = Mix(0x1E + Pick(reports_ / 4));
    static constexpr const char* kCounties[] = {"D", "C", "WX", "G", "KY", "LH"};
    std::string y = std::to_string(13 + h % 12) + ((h >> 8) % 2 ? "1" : "2");
    return y + "-" + kCounties[(h >> 12) % 6] + "-" + std::to_string(1 + (h >> 16) % 99999);
  }
  if (r < 78) {
    std::uint64_t h = Mix(0x9404E + Pick(reports_));
    std::string n = "07";
    n.push_back(static_cast<char>('4' + h % 6));
    for (int i = 0; i < 8; ++i) n.push_back(Digit(h >> (8 + 4 * i)));
    switch (rng_() % 3) {
      case 0:
        return n.substr(0, 5) + " " + n.substr(5);
      case 1:
        return "+44 " + n.substr(1, 4) + " " + n.substr(5);
      default:
        return n;
    }
  }
  if (r < 84) return kUnlocodes[Pick(kUnlocodes.size() * 200) % kUnlocodes.size()];
  if (r < 91) {
    std::uint64_t h = Mix(0xB0C0 + Pick(reports_ / 2));
    std::string p = kAreas[h % kAreas.size()];
    p += std::to_string(1 + (h >> 8) % 20);
    p += " ";
    p.push_back(Digit(h >> 16));
    p.push_back(kInwardLetters[(h >> 20) % 20]);
    p.push_back(kInwardLetters[(h >> 26) % 20]);
    return p;
  }
  if (r < 96) {
    std::uint64_t h = Mix(0xE3A1 + Pick(reports_ / 2));
    static constexpr const char* kDomains[] = {"gmail.com", "outlook.com", "yahoo.co.uk",
                                               "protonmail.com", "logistics-uk.co.uk"};
    return "trade" + std::to_string(h % 100000) + "@" + kDomains[(h >> 20) % 5];
  }
  std::uint64_t h = Mix(0x0421 + Pick(reports_ / 2));
  return "https://track" + std::to_string(h % 1000) + ".example.com/c/" +
         std::to_string((h >> 12) % 1000000);
}

std::string ReportGenerator::Sentence() {
  auto pick = [&](const auto& a) { return a[rng_() % a.size()]; };
  std::string s =
      std::string(pick(kOpenings)) + " I saw " + pick(kPeople) + " " + pick(kDoings) + " ";
  return s;
}

std::string ReportGenerator::Next() {
  auto pick = [&](const auto& a) { return a[rng_() % a.size()]; };
  std::string out;
  const size_t ids = 1 + rng_() % 9;  // 1 to 9, five on average
  last_identifiers_ = ids;
  for (size_t i = 0; i < ids; ++i) {
    out += Sentence();
    out += "the one with " + Identifier() + " ";
    out += pick(kPlaces);
    out += ". ";
    if (rng_() % 2 == 0) {
      out += pick(kEndings);
      out += " ";
    }
  }
  out += pick(kEndings);
  out += "\n";
  return out;
}

}  // namespace portsafe::bench
