#include "MobileNumber.h"
