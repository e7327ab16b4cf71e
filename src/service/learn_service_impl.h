#pragma once

#include "common/clock.h"
#include "service/learn_service.h"
#include "store/membership_store.h"
#include "store/store.h"

namespace portsafe::service {

// Marks against an immutable LessonLibrary and counts completions with one
// write to the tallies. Thread-safe.
class LearnServiceImpl final : public LearnService {
 public:
  // `store`, `membership` and `clock` must outlive this. The month counted
  // is the clock's UTC month.
  LearnServiceImpl(LessonLibrary lessons, store::Store* store, store::MembershipStore* membership,
                   const Clock* clock);

  const LessonLibrary& lessons() const override { return lessons_; }
  Result<Marked> Answer(const std::string& id, const std::string& lang,
                        const std::map<std::string, std::string>& answers,
                        const std::string& facility) override;

 private:
  const LessonLibrary lessons_;
  store::Store* store_;
  store::MembershipStore* membership_;
  const Clock* clock_;
};

}  // namespace portsafe::service
