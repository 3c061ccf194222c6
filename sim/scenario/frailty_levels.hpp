#pragma once
// Frailty (need) levels: a patient's level lengthens their acute stay and speeds deconditioning;
// a resident's level raises their risk of admission and of death.

#include <array>
#include <cstddef>

namespace careflow::scenario {

inline constexpr std::size_t kFrailtyLevels = 3;
inline constexpr std::array<const char*, kFrailtyLevels> kFrailtyNames{"low", "moderate", "severe"};

}  // namespace careflow::scenario
