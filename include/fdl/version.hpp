#pragma once

namespace fdl {
// The project version, and the git commit it was built from ("unknown" outside a checkout).
const char* version();
const char* commit();
}  // namespace fdl
