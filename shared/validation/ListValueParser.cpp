#include "ListValueParser.h"
