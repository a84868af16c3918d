#include "TeamValidator.h"
