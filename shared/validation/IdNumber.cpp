#include "IdNumber.h"
