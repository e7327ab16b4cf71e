// Learning to recognise crime at a port (/learn): the lessons, and marking
// a knowledge check. A check answered in full through a facility's learning
// link (/learn/<FACILITY>) adds one to that facility's count of completed
// lessons for the month: a bare count (store::TallyRow, metric "lessons"),
// never a record of a person, a time or which lessons one person took.
// Implemented by LearnServiceImpl; tests use MockLearnService
// (tests/service/mock_learn_service.h).
#pragma once

#include <map>
#include <string>

#include "common/result.h"
#include "service/lessons.h"

namespace portsafe::service {

class LearnService {
 public:
  virtual ~LearnService() = default;

  // Every lesson in every reporter language. Lives as long as the service.
  virtual const LessonLibrary& lessons() const = 0;

  // Marks `answers` (question id -> option id) to lesson `id` in `lang`.
  // When every question is answered and `facility` names an active member
  // facility, the facility's count for this month grows by one. kNotFound
  // for an unknown lesson, or a `facility` that is not an active member
  // (nothing is counted, nothing marked); kUnavailable when the count
  // cannot be stored.
  virtual Result<Marked> Answer(const std::string& id, const std::string& lang,
                                const std::map<std::string, std::string>& answers,
                                const std::string& facility) = 0;
};

}  // namespace portsafe::service
