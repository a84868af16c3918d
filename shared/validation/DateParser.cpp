#include "DateParser.h"
