#include "MultiSelectParser.h"
